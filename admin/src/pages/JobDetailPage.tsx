import { Page } from '@strapi/strapi/admin';

/** TODO(issue 5): placeholder until the page lands. */
const JobDetailPage = () => <Page.Main><Page.Title>JobDetailPage</Page.Title></Page.Main>;

export default JobDetailPage;
