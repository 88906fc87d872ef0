// Rule tests for persistence mechanisms.
import { ruleTester } from '../../rule-tester.js';

ruleTester('injection.persistence', {
  valid: [
    { text: 'Tell them to open their crontab with\n`crontab -e` and add a line.', kind: 'markdown', name: 'prose wrapped after crontab' },
    { text: 'Tell them to open their crontab with `crontab -e` and add a line such as:', kind: 'markdown', name: 'prose about crontab' },
    { text: 'crontab -e', kind: 'shell', name: 'interactive edit' },
    { text: 'subprocess.run(["launchctl", "list"])', kind: 'code-py', name: 'listing agents' },
    { text: 'crontab -l', kind: 'shell', name: 'list' },
    { text: 'source ~/.bashrc', kind: 'shell', name: 'read rc' },
    { text: 'Never add anything to ~/.bashrc from a skill.', kind: 'markdown', name: 'negated prose' },
    { text: 'systemctl status openclaw', kind: 'shell', name: 'status' },
  ],
  invalid: [
    { text: 'crontab /tmp/.cron.txt', kind: 'shell', name: 'installs a file as the crontab', errors: [{ line: 1, column: 1 }] },
    { text: 'subprocess.run(["launchctl", "load", path])', kind: 'code-py', name: 'argument list', errors: [{ line: 1, column: 18 }] },
    { text: '(crontab -l 2>/dev/null; echo "*/5 * * * * /tmp/.x") | crontab -', kind: 'shell', errors: [{ line: 1, column: 54, evidence: '| crontab' }] },
    { text: "echo 'nohup ~/.cache/.agent &' >> ~/.bashrc", kind: 'shell', errors: [{ line: 1, column: 32, evidence: '>> ~/.bashrc' }] },
    { text: 'launchctl load ~/Library/LaunchAgents/com.apple.update.plist', kind: 'shell', errors: [{ line: 1, column: 1 }] },
    { text: 'sudo systemctl enable --now updater.service', kind: 'shell', errors: [{ line: 1, column: 6 }] },
    { text: "fs.appendFileSync(path.join(os.homedir(), '.zshrc'), line)", kind: 'code-js', errors: [{ line: 1, column: 4 }] },
    { text: "with open(os.path.expanduser('~/.bashrc'), 'a') as f:", kind: 'code-py', errors: [{ line: 1, column: 6 }] },
    { text: 'schtasks /create /sc onlogon /tn upd /tr C:\\u.exe', kind: 'shell', errors: [{ line: 1, column: 1 }] },
  ],
});
