// Runs before `npm install` does anything else (preinstall): on a Node.js older than Tenure needs, one line saying
// which Node is needed and how to get it, instead of a stack trace from the first TypeScript file.
// Plain old JavaScript on purpose: any Node.js must be able to run this file. `node bin/check-node.cjs 20.11.0`
// checks that version instead of the running one.
var NEEDED = [22, 18];
var version = (process.argv[2] || process.versions.node).replace(/^v/, '');
var parts = version.split('.');
var major = Number(parts[0]);
var minor = Number(parts[1] || 0);
if (!(major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1]))) {
  process.stderr.write(
    'Tenure needs Node.js ' +
      NEEDED.join('.') +
      ' or newer (24 LTS recommended); this is v' +
      version +
      '. Install it from https://nodejs.org/en/download or with `nvm install 24`, then run npm install again.\n',
  );
  process.exit(1);
}
