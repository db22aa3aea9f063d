// Viewings (appointments): booking by clients and brokers, the list, cancel and reschedule, and the
// outcome after a viewing.
import type { Feature } from '../../engine/feature.ts';
import { createAppointment } from './viewings.booking.ts';
import { appointmentDialog } from './viewings.dialog.ts';
import {
  cancelAppointment,
  confirmInWords,
  correctJustBooked,
  freeAtWords,
  listAppointments,
  moveInOwnWords,
  rescheduleAppointment,
  showAppointment,
  teamAgendaWords,
} from './viewings.manage.ts';
import { answerOutcomeChoice } from './viewings.outcome.ts';
import { OUTCOME_CHOICE } from './viewings.parse.ts';

export const viewingsFeature: Feature = {
  name: 'viewings',
  intents: {
    'appointment.create': createAppointment,
    'appointment.list': listAppointments,
    'appointment.cancel': cancelAppointment,
    'appointment.reschedule': rescheduleAppointment,
  },
  dialogs: [appointmentDialog],
  lists: { appointment: showAppointment },
  choices: { 'outcome:': answerOutcomeChoice },
  choicePatterns: { 'outcome:': OUTCOME_CHOICE },
  // "ممكن نخليها الخميس بدالها؟", "أجلت موعد عمر لبكرة": moves said without a reschedule intent;
  // «وش عند ليلى بكرة؟» from her manager
  // «لا خليها ٦» right after a booking; «ابو مشعل اكد الموعد» marks it confirmed; «انا فاضي بكره ٤؟»
  words: async (ctx) =>
    (await moveInOwnWords(ctx)) ||
    (await correctJustBooked(ctx)) ||
    (await confirmInWords(ctx)) ||
    (await freeAtWords(ctx)) ||
    teamAgendaWords(ctx),
};
