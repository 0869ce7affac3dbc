// Integration and browser suites boot a real Strapi (seconds, more on a busy 2-core machine).
jest.setTimeout(180_000);
