/** The plugin's id: `plugin::sell-my-images.*` uids, `/api/sell-my-images` routes, events. */
export const PLUGIN_ID = 'sell-my-images';

export const JOB_UID = 'plugin::sell-my-images.job' as const;
export const SETTINGS_UID = 'plugin::sell-my-images.settings' as const;
export const MAIL_UID = 'plugin::sell-my-images.mail' as const;
