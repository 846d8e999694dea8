import { expireUploadsJob } from './modules/files/expire-uploads.job';
import { notifyNewMessageJob } from './modules/notifications/notify-new-message.job';
import { sendEmailJob } from './modules/notifications/send-email.job';
import { sendSmsJob } from './modules/notifications/send-sms.job';
import { sendMessageSmsJob } from './modules/sms/send-message-sms.job';
import type { JobDefinition } from './platform/jobs/queue';

/** Every job the worker knows. Modules add theirs here (notifications, SMS, ...). */
export const jobDefinitions: JobDefinition[] = [
  sendEmailJob,
  sendSmsJob,
  expireUploadsJob,
  sendMessageSmsJob,
  notifyNewMessageJob,
];
