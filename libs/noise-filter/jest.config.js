module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'noise-filter',
  rootDir: __dirname,
};
