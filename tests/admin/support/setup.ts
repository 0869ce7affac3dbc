import { setLogger } from 'react-query';
import { adminState, resetAdminState } from './admin-test-state';

// react-query logs every failed request; the tests check what the page shows instead.
setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined });

// jsdom lacks what the design system's popovers and selects expect from a browser.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
// The design system's selects watch their list with an IntersectionObserver, which jsdom lacks.
class IntersectionObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
Object.assign(globalThis, {
  ResizeObserver: globalThis.ResizeObserver ?? ResizeObserverStub,
  IntersectionObserver: globalThis.IntersectionObserver ?? IntersectionObserverStub,
  IS_REACT_ACT_ENVIRONMENT: true,
});
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
for (const name of [
  'scrollIntoView',
  'hasPointerCapture',
  'releasePointerCapture',
  'setPointerCapture',
] as const) {
  if (!(name in Element.prototype))
    Object.defineProperty(Element.prototype, name, { value: () => false, configurable: true });
}

beforeEach(() => resetAdminState());

// Strapi 5.54 deprecates useRBAC with an object of permissions: no page may call it that way.
afterEach(() => expect(adminState.warnings).toEqual([]));
