import { z } from 'zod';
import { method } from '../define';
import type { AppStatus } from '../../model/status';

export const statusMethods = {
  getStatus: method<AppStatus>()(
    z.object({}).strict().optional(),
    'Version, data directory, listening addresses and uptime of the running core.',
  ),
};
