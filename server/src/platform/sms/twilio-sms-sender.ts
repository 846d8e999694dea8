import { PermanentJobError } from '../jobs/worker';
import type { SmsMessage, SmsSender, SmsStatus } from './sms-sender';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from: string;
  /** `https://api.twilio.com`, or a compatible server (tests run one on loopback). */
  apiBase: string;
  timeoutMs?: number;
}

/** The provider refused the message for good (a 4xx): retrying cannot help. */
export class SmsRejectedError extends PermanentJobError {}

/** Twilio's message statuses, mapped onto Parley's. Unknown ones map to nothing. */
export function twilioStatus(status: string | undefined): SmsStatus | undefined {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * The Twilio REST API (`POST /2010-04-01/Accounts/{SID}/Messages.json`, HTTP basic auth). Network
 * errors and 5xx throw a plain Error (the job retries with backoff); a 4xx throws `SmsRejectedError`
 * carrying the provider's code and message.
 */
export class TwilioSmsSender implements SmsSender {
  readonly kind = 'twilio';
  constructor(private readonly options: TwilioOptions) {}

  async send(message: SmsMessage): Promise<{ providerId: string; status: SmsStatus }> {
    const { accountSid, authToken, from, apiBase } = this.options;
    const form = new URLSearchParams({ To: message.to, From: from, Body: message.body });
    if (message.statusCallback) form.set('StatusCallback', message.statusCallback);
    const url = `${apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    const json = parseJson(text);
    if (response.status >= 400 && response.status < 500) {
      const code = json?.code === undefined ? '' : ` ${String(json.code)}`;
      const detail = typeof json?.message === 'string' ? json.message : text.slice(0, 300);
      throw new SmsRejectedError(`Twilio refused the SMS (HTTP ${response.status}${code}): ${detail}`);
    }
    if (!response.ok) throw new Error(`Twilio answered HTTP ${response.status}`);
    if (typeof json?.sid !== 'string') throw new Error('Twilio answered without a message sid');
    return {
      providerId: json.sid,
      status: twilioStatus(typeof json.status === 'string' ? json.status : undefined) ?? 'queued',
    };
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
