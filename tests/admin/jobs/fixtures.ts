/** Jobs as the admin API answers them (server/src/services/job-admin.ts), for the component tests. */
let counter = 0;

export function makeJob(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const n = String(counter).padStart(4, '0');
  return {
    id: counter,
    documentId: `doc${n}`,
    jobId: `3f2c1b8e-3d4a-4c5b-9e7f-0a1b2c3d${n}`,
    fileId: 7,
    fileDocumentId: 'filedoc7',
    fileName: 'sunset.png',
    fileUrl: '/uploads/sunset.png',
    thumbnailUrl: '/uploads/thumbnail_sunset.png',
    sourceUrl: 'http://localhost:1337/uploads/sunset.png',
    sourcePage: 'https://site.example/gallery',
    returnUrl: null,
    resolution: '4x',
    scale: 4,
    originalWidth: 500,
    originalHeight: 400,
    outputWidth: 2000,
    outputHeight: 1600,
    email: `buyer${n}@example.test`,
    status: 'completed',
    paymentStatus: 'paid',
    stripeCheckoutSessionId: `cs_test_${n}`,
    stripePaymentIntentId: `pi_test_${n}`,
    stripeRefundId: null,
    amount: 192,
    amountRefunded: 0,
    currency: 'usd',
    credits: 16,
    costAmount: 64,
    upscaler: 'sharp',
    upscalerJobId: null,
    attempts: 1,
    errorCode: null,
    errorMessage: null,
    downloadExpiresAt: '2031-01-02T10:00:00.000Z',
    downloadCount: 2,
    emailStatus: 'sent',
    emailedAt: '2030-01-01T10:04:01.000Z',
    storedFileKey: `2030/01/job${n}_4x.png`,
    createdAt: '2030-01-01T10:00:00.000Z',
    updatedAt: '2030-01-01T10:05:00.000Z',
    paidAt: '2030-01-01T10:01:00.000Z',
    completedAt: '2030-01-01T10:04:00.000Z',
    ...overrides,
  };
}

export function listAnswer(
  results: Array<ReturnType<typeof makeJob>>,
  pagination: Partial<{ page: number; pageSize: number; total: number; pageCount: number }> = {},
) {
  const pageSize = pagination.pageSize ?? 25;
  const total = pagination.total ?? results.length;
  return {
    data: {
      results,
      pagination: {
        page: 1,
        pageSize,
        total,
        pageCount: Math.ceil(total / pageSize),
        ...pagination,
      },
    },
  };
}

export const ALL_ACTIONS = { retry: true, resend: true, newLink: true, refund: true };

export function detailAnswer(
  job: ReturnType<typeof makeJob>,
  actions: Partial<typeof ALL_ACTIONS> = ALL_ACTIONS,
  extra: Record<string, unknown> = {},
) {
  return {
    data: {
      job,
      mails: [] as unknown[],
      ...extra,
      actions: { retry: false, resend: false, newLink: false, refund: false, ...actions },
      timeline: [
        {
          id: 1,
          fromStatus: null,
          toStatus: 'awaiting_payment',
          paymentStatus: 'unpaid',
          reason: 'checkout',
          actor: 'visitor',
          at: '2030-01-01T10:00:00.000Z',
        },
        {
          id: 2,
          fromStatus: 'awaiting_payment',
          toStatus: 'pending',
          paymentStatus: 'paid',
          reason: 'checkout.session.completed',
          actor: 'stripe',
          at: '2030-01-01T10:01:00.000Z',
        },
        {
          id: 3,
          fromStatus: 'pending',
          toStatus: 'processing',
          paymentStatus: 'paid',
          reason: 'claimed',
          actor: 'worker',
          at: '2030-01-01T10:02:00.000Z',
        },
        {
          id: 4,
          fromStatus: 'processing',
          toStatus: 'completed',
          paymentStatus: 'paid',
          reason: 'delivered',
          actor: 'worker',
          at: '2030-01-01T10:04:00.000Z',
        },
        {
          id: 5,
          fromStatus: 'completed',
          toStatus: 'completed',
          paymentStatus: 'paid',
          reason: 'new download link',
          actor: 'admin:3',
          at: '2030-01-01T11:00:00.000Z',
        },
      ],
    },
  };
}

/** The query of a recorded request URL, as a plain object. */
export const queryOf = (url: string) =>
  Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
