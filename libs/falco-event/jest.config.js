const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'falco-event',
  rootDir: __dirname,
  // The uuid package ships ES modules only. The finding-id test loads it to
  // check our UUIDv7 ids against an independent implementation.
  transform: {
    ...preset.transform,
    '/node_modules/uuid/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!uuid/)'],
};
