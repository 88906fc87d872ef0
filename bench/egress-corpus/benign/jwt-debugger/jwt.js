const token = process.argv[2] || '';
const [h, p] = token.split('.');
const dec = (s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
const header = dec(h);
const claims = dec(p);
console.log('header:', header);
console.log('claims:', claims);
if (claims.exp) console.log('expires:', new Date(claims.exp * 1000).toISOString(), claims.exp * 1000 < Date.now() ? '(expired)' : '');
