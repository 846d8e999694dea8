import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js';
import { AppError } from '../../platform/errors';

/** A mobile number in E.164 (`+15551234567`), or 400 naming the field. */
export function normalizeMobile(input: string, defaultRegion: string, field = 'body.mobile'): string {
  try {
    const parsed = parsePhoneNumberWithError(input, { defaultCountry: defaultRegion as CountryCode });
    if (parsed.isValid()) return parsed.number;
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    'invalid_request',
    `The mobile number "${input.slice(0, 40)}" is not a valid phone number.`,
    [{ field, message: 'is not a valid phone number (use international format, e.g. +15551234567)' }],
  );
}
