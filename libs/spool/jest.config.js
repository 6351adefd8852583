module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'spool',
  rootDir: __dirname,
};
