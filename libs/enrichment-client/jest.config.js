module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'enrichment-client',
  rootDir: __dirname,
};
