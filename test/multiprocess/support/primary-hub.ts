import { Hub } from '../../../lib/multiprocess/hub/hub';

/**
 * A cluster primary's hub with worker '1' reachable and no channel behind it:
 * a test hands it members' messages with `receive` and reads what it gathers.
 */
export function primaryHub(): Hub {
  return new Hub(
    {
      reachable: () => ['1'],
      send: () => {
        throw new Error('no channel behind this hub');
      },
    },
    'cluster',
    undefined,
    async () => {
      throw new Error('no view here');
    },
  );
}
