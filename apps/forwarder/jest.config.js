module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'forwarder',
  rootDir: __dirname,
};
