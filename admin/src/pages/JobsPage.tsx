import { Page } from '@strapi/strapi/admin';

/** TODO(issue 5): placeholder until the page lands. */
const JobsPage = () => <Page.Main><Page.Title>JobsPage</Page.Title></Page.Main>;

export default JobsPage;
