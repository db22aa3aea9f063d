// Viewings, working hours and holidays.
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import {
  answerOutcomeChoice,
  appointmentDialog,
  calendarSettings,
  cancelAppointment,
  createAppointment,
  listAppointments,
  rescheduleAppointment,
  showAppointment,
} from './viewings.handlers.ts';

export const viewingsFeature: Feature = {
  name: 'viewings',
  intents: {
    'appointment.create': createAppointment,
    'appointment.list': listAppointments,
    'appointment.cancel': cancelAppointment,
    'appointment.reschedule': rescheduleAppointment,
  },
  dialogs: [legacyDialog('appointment', 1, appointmentDialog)],
  lists: { appointment: showAppointment },
  choices: { 'outcome:': answerOutcomeChoice },
  words: calendarSettings,
};
