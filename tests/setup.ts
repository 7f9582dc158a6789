import './helpers/node20-polyfills.ts';
import nock from 'nock';
import { afterEach } from 'vitest';

// No test reaches the network; loopback stays open for the in-process emulator.
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host));

afterEach(() => {
  nock.cleanAll();
});
