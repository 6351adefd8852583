module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'notifiers',
  rootDir: __dirname,
};
