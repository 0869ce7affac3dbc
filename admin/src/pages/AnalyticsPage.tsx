import { Page } from '@strapi/strapi/admin';

/** TODO(issue 5): placeholder until the page lands. */
const AnalyticsPage = () => <Page.Main><Page.Title>AnalyticsPage</Page.Title></Page.Main>;

export default AnalyticsPage;
