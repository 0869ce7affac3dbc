export const PLUGIN_ID = 'sell-my-images';
