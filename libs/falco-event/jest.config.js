module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'falco-event',
  rootDir: __dirname,
};
