// Removes the temporary directory that temporary-directory-setup.js created.
const { rmSync } = require('node:fs');

module.exports = async function removeTestTemporaryDirectory() {
  const directory = process.env.TALARIA_TEST_TMPDIR;
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
};
