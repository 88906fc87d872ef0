try {
  require('better-sqlite3');
  console.log('better-sqlite3 native module OK');
} catch (err) {
  console.error('better-sqlite3 failed to load; run `npm rebuild better-sqlite3`:', err.message);
  process.exitCode = 0;
}
