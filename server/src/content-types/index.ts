import job from './job';
import settings from './settings';

export default { job, settings };
