const Database = require('better-sqlite3');
const [file, sql] = process.argv.slice(2);
const db = new Database(file, { readonly: true, fileMustExist: true });
console.table(db.prepare(sql).all());
