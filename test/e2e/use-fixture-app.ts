import { type FixtureApp, startFixtureApp } from './fixture-app';
import { driveTraffic } from './traffic';

/**
 * Starts the fixture app before the enclosing describe's tests, sends it the
 * standard TRAFFIC, and stops it afterwards (also when a test or the start
 * fails). Returns an accessor for use inside tests.
 */
export function useFixtureAppWithTraffic(): () => FixtureApp {
  let app: FixtureApp | undefined;
  beforeAll(async () => {
    app = await startFixtureApp();
    await driveTraffic(app);
  });
  afterAll(async () => {
    await app?.stop();
  });
  return () => {
    if (app === undefined) throw new Error('the fixture app did not start (see the beforeAll failure)');
    return app;
  };
}
