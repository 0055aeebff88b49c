// Removes the previous build; a script rather than `rm -rf` so `npm install git+…`
// (which runs `prepare`, hence the build) also works where there is no POSIX shell.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), {
  recursive: true,
  force: true,
});
