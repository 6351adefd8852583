module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ownership-api',
  rootDir: __dirname,
};
