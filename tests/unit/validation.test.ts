/**
 * The one validation helper and the errors the plugin throws: what Strapi's errors
 * middleware turns into `{ data: null, error: { status, name, message, details } }`.
 */
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { httpError } from '../../server/src/utils/errors';
import { validate } from '../../server/src/validation/validate';

const body = z.strictObject({ fileId: z.string().min(1), count: z.number().int().optional() });

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('validate', () => {
  it('answers the parsed input', () => {
    expect(validate(body, { fileId: 'a1', count: 2 }, 'body')).toEqual({ fileId: 'a1', count: 2 });
  });

  it("throws Strapi's ValidationError naming each bad field, an unknown key under its own path", () => {
    const error = thrown(() =>
      validate(body, { fileId: '', count: 1.5, extra: 1, other: 2 }, 'body'),
    );
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Invalid body',
      details: {
        errors: expect.arrayContaining([
          expect.objectContaining({ path: ['fileId'], name: 'ValidationError' }),
          expect.objectContaining({ path: ['count'] }),
          { path: ['extra'], message: 'Unknown field "extra"', name: 'ValidationError' },
          { path: ['other'], message: 'Unknown field "other"', name: 'ValidationError' },
        ]),
      },
    });
  });

  it('refuses a body that is not a JSON object before the schema sees it', () => {
    for (const input of [[], 'text', null, undefined, 42]) {
      const error = thrown(() => validate(body, input, 'body'));
      expect(error).toMatchObject({
        name: 'ValidationError',
        message: 'The request body must be a JSON object',
      });
    }
  });

  it('takes a query as given and names the input in the message', () => {
    const query = z.object({ page: z.string().regex(/^\d+$/) });
    expect(thrown(() => validate(query, { page: 'x' }, 'query'))).toMatchObject({
      message: 'Invalid query',
    });
    expect(thrown(() => validate(query, {}, 'parameters', 'Invalid jobId'))).toMatchObject({
      message: 'Invalid jobId',
      details: { errors: [expect.objectContaining({ path: ['page'] })] },
    });
  });
});

describe('httpError', () => {
  it("is the HttpError class @strapi/utils re-exports, so Strapi's errors middleware formats it", () => {
    const error = httpError(410, 'This download link has expired');
    expect(error).toBeInstanceOf(errors.HttpError);
    expect(error).toMatchObject({
      status: 410,
      name: 'GoneError',
      message: 'This download link has expired',
      details: {},
    });
  });

  it('keeps its details and can carry a name of its own', () => {
    const error = httpError(
      502,
      'Stripe did not accept the refund now',
      { jobId: 'j' },
      'PaymentProviderError',
    );
    expect(error).toMatchObject({
      status: 502,
      name: 'PaymentProviderError',
      details: { jobId: 'j' },
    });
    expect(httpError(403, 'Not for sale', { reason: 'opted_out' })).toMatchObject({
      status: 403,
      name: 'ForbiddenError',
      details: { reason: 'opted_out' },
    });
  });
});
