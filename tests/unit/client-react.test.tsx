/**
 * @jest-environment jsdom
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { TEXTS_FR } from '../../client/src/index';
import { BuyButton } from '../../client/src/react';

/** The React component renders the helper's button for a media object and cleans up after itself. */
describe('<BuyButton />', () => {
  let host: HTMLDivElement;
  let root: Root;
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  it('renders one buy button for the media object, with custom text', () => {
    // A new element with new (equal) props objects on every call.
    const buyHd = () => (
      <BuyButton
        media={{ id: 5, documentId: 'doc5', width: 1200, height: 800 }}
        texts={{ button: 'Buy HD' }}
      />
    );
    act(() => root.render(buyHd()));
    const buttons = host.querySelectorAll('button.smi-btn');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].textContent).toBe('Buy HD');
    expect((buttons[0] as HTMLButtonElement).dataset.smiFor).toBe('doc5');
    // re-rendering with equal values keeps the same button
    act(() => root.render(buyHd()));
    expect(host.querySelector('button.smi-btn')).toBe(buttons[0]);
  });

  it('renders nothing for an image below the minimum size, and removes the button on unmount', () => {
    act(() =>
      root.render(<BuyButton media={{ id: 6, width: 50, height: 50 }} minImageSize={100} />),
    );
    expect(host.querySelector('button')).toBeNull();
    act(() => root.render(<BuyButton media={{ id: 7, width: 500, height: 500 }} />));
    expect(host.querySelector('button')).not.toBeNull();
    act(() => root.render(<></>));
    expect(host.querySelector('button')).toBeNull();
  });

  it('takes the locale as a prop: French texts', () => {
    act(() => root.render(<BuyButton media={{ id: 8 }} locale="fr" promo="SPRING" />));
    expect(host.querySelector('button')?.textContent).toBe(TEXTS_FR.button);
  });
});
