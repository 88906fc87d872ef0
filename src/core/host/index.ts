// Host probes (Linux procfs) shared by `audit --deep` and `incident contain`.
export * from './procfs.js';
