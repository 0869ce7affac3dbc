import { Page } from '@strapi/strapi/admin';

/** TODO(issue 5): placeholder until the page lands. */
const MediaPage = () => <Page.Main><Page.Title>MediaPage</Page.Title></Page.Main>;

export default MediaPage;
