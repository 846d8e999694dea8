import { expireUploadsJob } from './modules/files/expire-uploads.job';
import type { JobDefinition } from './platform/jobs/queue';

/** Every job the worker knows. Modules add theirs here (notifications, SMS, ...). */
export const jobDefinitions: JobDefinition[] = [expireUploadsJob];
