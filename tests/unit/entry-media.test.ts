import { collectImages, mediaTree } from '../../server/src/commerce/entry-media';

/**
 * The side panel finds media at the top level and inside components, repeatable
 * components and dynamic zones: the populate tree it asks the document service for,
 * and the walk over the loaded entry.
 */
describe('entry media tree', () => {
  const components = {
    'shared.hero': { attributes: { heading: { type: 'string' }, background: { type: 'media' } } },
    'shared.quote': { attributes: { text: { type: 'text' } } },
    'shared.gallery': {
      attributes: {
        photos: { type: 'media', multiple: true },
        credit: { type: 'component', component: 'shared.credit' },
      },
    },
    'shared.credit': { attributes: { avatar: { type: 'media' }, name: { type: 'string' } } },
  };
  const strapi = { components } as never;
  const attributes = {
    title: { type: 'string' },
    cover: { type: 'media' },
    hero: { type: 'component', component: 'shared.hero' },
    quotes: { type: 'component', component: 'shared.quote', repeatable: true },
    sections: { type: 'dynamiczone', components: ['shared.quote', 'shared.gallery'] },
    author: { type: 'relation' },
  };
  const file = (id: number) => ({
    id,
    documentId: `d${id}`,
    name: `f${id}.png`,
    url: `/uploads/f${id}.png`,
    mime: 'image/png',
    width: 10,
    height: 10,
  });

  it('populates only the branches that hold media', () => {
    const tree = mediaTree(strapi, attributes);
    expect(tree.populate).toEqual({
      cover: true,
      hero: { populate: { background: true } },
      sections: {
        on: {
          'shared.gallery': { populate: { photos: true, credit: { populate: { avatar: true } } } },
        },
      },
    });
    expect(tree.fields).toEqual([
      'cover',
      'hero.background',
      'sections[shared.gallery].photos',
      'sections[shared.gallery].credit.avatar',
    ]);
  });

  it('has no media field for a type without any', () => {
    expect(
      mediaTree(strapi, {
        title: { type: 'string' },
        quotes: { type: 'component', component: 'shared.quote' },
      }),
    ).toEqual({ populate: {}, fields: [] });
  });

  it('collects every file with the place it sits in, in schema order', () => {
    const entry = {
      title: 'x',
      cover: file(1),
      hero: { heading: 'h', background: file(2) },
      quotes: [{ text: 'q' }],
      sections: [
        { __component: 'shared.quote', id: 1, text: 'q' },
        {
          __component: 'shared.gallery',
          id: 2,
          photos: [file(3), file(4)],
          credit: { avatar: file(5) },
        },
        { __component: 'shared.gallery', id: 3, photos: [], credit: null },
      ],
    };
    expect(
      collectImages(strapi, attributes, entry).map(({ field, file: f }) => [field, f.id]),
    ).toEqual([
      ['cover', 1],
      ['hero.background', 2],
      ['sections.1.photos', 3],
      ['sections.1.photos', 4],
      ['sections.1.credit.avatar', 5],
    ]);
  });

  it('skips empty fields and values that are not files', () => {
    const entry = {
      cover: null,
      hero: null,
      sections: [{ __component: 'shared.unknown', photos: [file(9)] }, 'junk'],
    };
    expect(collectImages(strapi, attributes, entry)).toEqual([]);
  });
});
