// Rewrites the rule table in README.md from the rules' own metadata (run: npm run docs).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const table = execFileSync(process.execPath, ['bin/pyteam-lint.js', 'rules', '--format', 'markdown'], { encoding: 'utf8' });
const readme = readFileSync('README.md', 'utf8');
const updated = readme.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, `$1${table}$2`);
if (updated === readme && !readme.includes(table)) throw new Error('README.md has no <!-- rules:start --> ... <!-- rules:end --> block');
writeFileSync('README.md', updated);
