console.log('runner ready', process.version);
