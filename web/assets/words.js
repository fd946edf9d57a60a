// The request vocabulary (policies/schema.cedarschema) in words a desk
// officer or a clerk recognises. A value with no entry here is shown by its
// name, so a vocabulary the schema extends still works.

// The documents, as the clerk sees them: each sets instrument.type, its
// form and who signed it.
export const DOCUMENTS = [
  { id: 'I-247A', type: 'detainer', form: 'I-247A', signed_by: 'immigration_officer',
    title: 'Immigration detainer (DHS form I-247A)',
    hint: '"Immigration Detainer – Notice of Action". Asks you to keep the person up to 48 hours after their release and to tell ICE first. Signed by an immigration officer, not a judge.' },
  { id: 'I-247N', type: 'voluntary_notification', form: 'I-247N', signed_by: 'immigration_officer',
    title: 'Request for notification of release (DHS form I-247N)',
    hint: 'Asks only to be told when the person will be released. Signed by an immigration officer.' },
  { id: 'I-200', type: 'admin_arrest_warrant', form: 'I-200', signed_by: 'immigration_officer',
    title: 'Administrative arrest warrant (DHS form I-200)',
    hint: '"Warrant for Arrest of Alien". It says "warrant" but an immigration officer signed it, not a judge, and it names no court.' },
  { id: 'I-205', type: 'admin_removal_warrant', form: 'I-205', signed_by: 'immigration_officer',
    title: 'Administrative removal warrant (DHS form I-205)',
    hint: '"Warrant of Removal/Deportation". Signed by an immigration officer, not a judge.' },
  { id: 'judicial_warrant', type: 'judicial_warrant', signed_by: 'judge',
    title: 'A warrant signed by a judge',
    hint: 'Names a court (for example "United States District Court") and is signed by a judge or magistrate.' },
  { id: 'court_order', type: 'court_order', signed_by: 'judge',
    title: 'A court order signed by a judge',
    hint: 'An order from a court, for example to bring a person to court or to produce records.' },
  { id: 'judicial_subpoena', type: 'judicial_subpoena', signed_by: 'judge',
    title: 'A subpoena from a court',
    hint: 'Issued by a court and signed by a judge.' },
  { id: 'admin_subpoena', type: 'admin_subpoena', signed_by: 'immigration_officer',
    title: 'A subpoena from DHS or ICE',
    hint: 'An administrative subpoena signed by an immigration officer, not issued by a court.' },
  { id: 'informal', type: 'informal', signed_by: 'none',
    title: 'A phone call, e-mail or visit, with no document',
    hint: 'Someone asked without giving you a form, warrant or order.' },
];

export const ACTIONS = {
  hold_beyond_release: ['Keep the person in custody after their release time', 'Hold the person as asked', 'Do not keep the person past their release time'],
  notify_release: ['Tell them when the person will be released', 'Tell the requester the release date and time', 'Do not tell the requester when the person will be released'],
  transfer_custody: ['Hand the person over to them', 'Hand the person over to the requester', 'Do not hand the person over'],
  interview_access: ['Let them interview the person (in person, by phone or by video)', 'Allow the interview', 'Do not allow the interview'],
  share_records: ['Give them records or information about the person', 'Give the records asked for', 'Do not give the records'],
  share_immigration_status: ["Tell them the person's citizenship or immigration status", 'Give the status information asked for', "Do not share the person's citizenship or immigration status"],
  database_access: ['Give them access to our databases', 'Give the database access asked for', 'Do not give access to the databases'],
  on_scene_assistance: ['Help them at a scene (an arrest, a traffic perimeter, back-up)', 'Give the help asked for at the scene', 'Do not help at the scene'],
  facility_use: ['Let them use our building or facilities', 'Allow the use of the facilities', 'Do not let them use the facilities'],
  joint_operation: ['Take part in an operation with them', 'Take part in the operation', 'Do not take part in the operation'],
  inquire_status: ['Ask the person about their immigration status for them', 'Ask as requested', 'Do not ask the person about their immigration status'],
  arrest_civil: ['Arrest someone for a civil immigration violation', 'Make the arrest', 'Do not make a civil immigration arrest'],
};

export const actionLabel = (a) => (ACTIONS[a] || [a.replaceAll('_', ' ')])[0];

export const REQUESTERS = {
  'ice-ero': 'ICE Enforcement and Removal Operations (ERO)',
  'ice-hsi': 'ICE Homeland Security Investigations (HSI)',
  cbp: 'U.S. Customs and Border Protection (CBP)',
  uscis: 'U.S. Citizenship and Immigration Services (USCIS)',
  fbi: 'FBI', dea: 'DEA', usms: 'U.S. Marshals Service', 'state-police': 'State police', other: 'Another agency',
};

export const PURPOSES = {
  civil_immigration_enforcement: 'Civil immigration enforcement (an immigration arrest, detention or deportation)',
  criminal_investigation: 'A criminal investigation',
  other: 'Something else, or it does not say',
};

export const FACTS = {
  supervisor_on_site: 'A supervisor is at the scene',
  written_consent: 'The person agreed in writing (for example, to an interview)',
  serious_conviction: 'The person was convicted of a serious or violent crime on the local list (date unknown)',
  watchlist_match: 'A possible match in the federal terrorist screening database',
  lawful_status_proof: 'The person showed proof of citizenship or lawful status',
  pending_felony_charge: 'A felony charge against the person is pending',
  probable_cause_finding: 'A judge found probable cause on that felony charge',
  outstanding_criminal_warrant: 'A criminal warrant signed by a judge is out for the person',
  gang_database_listed: 'The person is listed as a gang member in a law enforcement database',
  prior_removal_order: 'The person has a prior final order of removal',
  process_addressed_to_agency: 'The court order or subpoena names this agency (or its officer) as the one to act',
  information_public: 'The information asked for is already public',
  written_consent_disclosure: 'The person (or a minor\'s parent or guardian) authorized the disclosure in writing',
  attending_court_proceeding: 'The person is going to, at, or coming from a court hearing (as a party, witness or family)',
  cost_reimbursement_agreement: 'A written agreement with the federal government pays our costs of complying',
};

export const CONVICTION_CLASSES = {
  serious_violent_felony: 'Serious or violent felony (on the local law\'s list)',
  other_felony: 'Other felony',
  misdemeanor: 'Misdemeanor',
};

export const CONVICTION_AGES = {
  none: 'None', under_5_years: 'Less than 5 years ago', '5_to_10_years': '5 to 10 years ago',
  '10_to_15_years': '10 to 15 years ago', '15_years_or_more': '15 years ago or more',
};

export const INTERVIEW_MODES = { in_person: 'In person', phone: 'By phone', video: 'By video' };

// The decision cards: the response in words, a shape, and what to do now.
export const RESPONSES = {
  comply: { label: 'COMPLY', shape: '\u2713', todo: (a) => `${(ACTIONS[a] || [])[1] || 'Do as asked'}: the law requires it.` },
  decline: { label: 'DECLINE', shape: '\u2715', todo: (a) => `${(ACTIONS[a] || [])[2] || 'Do not do this'}; tell the requester the law does not allow it.` },
  refer_supervisor: { label: 'REFER TO SUPERVISOR', shape: '\u25B2', todo: () => 'Do nothing yet and call a supervisor: the law leaves this to the agency\'s judgement.' },
  refer_counsel: { label: 'REFER TO COUNSEL', shape: '\u2696', todo: () => 'Do nothing yet and refer this to counsel: the layers of law conflict.' },
};

export const STATES = {
  decided: 'Decided', awaiting_supervisor: 'Awaiting supervisor sign-off', awaiting_counsel: 'Awaiting counsel',
  signed_off: 'Signed off', overridden: 'Overridden', closed: 'Closed',
};

export const label = (table, key) => table[key] || String(key).replaceAll('_', ' ');
