import job from './job';
import settings from './settings';
import transition from './transition';
import stripeEvent from './stripe-event';
import saleRule from './sale-rule';
import click from './click';
import download from './download';
import taskLease from './task-lease';
import mail from './mail';
import imagePrice from './image-price';
import dailySummary from './daily-summary';
import rollupDay from './rollup-day';

export default {
  job,
  settings,
  transition,
  'stripe-event': stripeEvent,
  'sale-rule': saleRule,
  click,
  download,
  'task-lease': taskLease,
  mail,
  'image-price': imagePrice,
  'daily-summary': dailySummary,
  'rollup-day': rollupDay,
};
