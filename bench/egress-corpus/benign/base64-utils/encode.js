const fs = require('fs');
const path = require('path');

const [cmd, arg] = process.argv.slice(2);
const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.gif': 'image/gif' };

switch (cmd) {
  case 'b64':
    console.log(Buffer.from(arg, 'utf8').toString('base64'));
    break;
  case 'unb64':
    console.log(Buffer.from(arg, 'base64').toString('utf8'));
    break;
  case 'hex':
    console.log(Buffer.from(arg, 'utf8').toString('hex'));
    break;
  case 'url':
    console.log(encodeURIComponent(arg));
    break;
  case 'datauri': {
    const mime = MIME[path.extname(arg).toLowerCase()] || 'application/octet-stream';
    console.log(`data:${mime};base64,${fs.readFileSync(arg).toString('base64')}`);
    break;
  }
  default:
    console.log('usage: encode.js b64|unb64|hex|url|datauri <value>');
}
