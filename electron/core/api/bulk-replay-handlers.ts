import type { BulkReplayer } from '../engine/bulk-replay';
import type { Handlers } from './dispatch';

type BulkReplayMethod = 'bulkReplay' | 'getBulkReplay' | 'cancelBulkReplay';

export function bulkReplayHandlers(replayer: BulkReplayer): Pick<Handlers, BulkReplayMethod> {
  return {
    bulkReplay: (input) => replayer.start(input),
    getBulkReplay: () => replayer.current(),
    cancelBulkReplay: () => replayer.cancel(),
  };
}
