/**
 * Column presets for CRM exports: the header names Salesforce and HubSpot write, and the field each
 * one goes to, so an export imports without a mapping step. A preset is detected from the headers.
 */
import { headerKey } from './aliases.js';

/** What a CSV file holds: leads (also contacts) or deals (also opportunities). */
export type ImportKind = 'leads' | 'deals';

/** The presets there are. */
export const CSV_PRESET_IDS = ['salesforce-lead', 'salesforce-opportunity', 'hubspot-contact', 'hubspot-deal'] as const;
export type CsvPresetId = (typeof CSV_PRESET_IDS)[number];

/**
 * A preset: header -> field (`null`: a system column that is left out), compared by headerKey, and
 * the headers that identify the export (`signature`).
 */
export interface CsvPreset {
  id: CsvPresetId;
  kind: ImportKind;
  /** The product and object, in English (a proper name, not translated). */
  label: string;
  mapping: Readonly<Record<string, string | null>>;
  signature: readonly string[];
}

/** Salesforce system columns (API names) that mean nothing outside Salesforce. */
const SALESFORCE_SYSTEM = [
  'IsDeleted', 'MasterRecordId', 'CreatedById', 'LastModifiedById', 'SystemModstamp', 'LastViewedDate',
  'LastReferencedDate', 'PhotoUrl', 'Jigsaw', 'JigsawContactId', 'IsUnreadByOwner', 'GeocodeAccuracy',
  'Pricebook2Id', 'HasOpportunityLineItem', 'HasOpenActivity', 'HasOverdueTask', 'ForecastCategory',
  'FiscalQuarter', 'FiscalYear', 'Fiscal', 'IndividualId', 'DandbCompanyId', 'CompanyDunsNumber',
];

function ignoring(names: readonly string[]): Record<string, null> {
  return Object.fromEntries(names.map((name) => [name, null]));
}

/**
 * Salesforce Lead and Opportunity exports by API name (Data Loader, Data Export) and report labels;
 * HubSpot contact and deal exports by their default property labels.
 */
export const CSV_PRESETS: readonly CsvPreset[] = [
  {
    id: 'salesforce-lead',
    kind: 'leads',
    label: 'Salesforce Lead',
    signature: ['LeadSource', 'IsConverted', 'ConvertedDate', 'ConvertedAccountId', 'MasterRecordId', 'NumberOfEmployees', 'Status', 'Company', 'Lead ID', 'Lead Status', 'Lead Owner'],
    mapping: {
      Id: 'id', 'Lead ID': 'id', Name: 'name', FirstName: 'firstName', LastName: 'lastName', Title: 'title', Company: 'company',
      Email: 'email', Phone: 'phone', MobilePhone: 'phone', LeadSource: 'source.utm_source', Status: 'status',
      Industry: 'industry', NumberOfEmployees: 'companySize', State: 'region', Country: 'country',
      Description: 'message', CreatedDate: 'createdAt', LastModifiedDate: 'updatedAt', OwnerId: 'ownerId',
      ...ignoring(SALESFORCE_SYSTEM),
    },
  },
  {
    id: 'salesforce-opportunity',
    kind: 'deals',
    label: 'Salesforce Opportunity',
    signature: ['StageName', 'ForecastCategory', 'ForecastCategoryName', 'IsClosed', 'IsWon', 'CloseDate', 'Probability', 'AccountId', 'Opportunity Name', 'Stage'],
    mapping: {
      Id: 'id', 'Opportunity ID': 'id', Name: 'title', 'Opportunity Name': 'title', StageName: 'stageId', Stage: 'stageId',
      Amount: 'value', Probability: 'probability', 'Probability (%)': 'probability', CloseDate: 'expectedClose',
      CreatedDate: 'createdAt', LastModifiedDate: 'updatedAt', LastActivityDate: 'lastActivityAt', OwnerId: 'ownerId',
      CurrencyIsoCode: 'currency', 'Account Name': 'account', Loss_Reason__c: 'lostReason',
      ...ignoring([...SALESFORCE_SYSTEM, 'ForecastCategoryName']),
    },
  },
  {
    id: 'hubspot-contact',
    kind: 'leads',
    label: 'HubSpot contacts',
    signature: ['Record ID', 'Lifecycle Stage', 'Contact owner', 'Lead Status', 'Create Date', 'Original Source', 'HubSpot Score', 'Phone Number'],
    mapping: {
      'Record ID': 'id', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Phone Number': 'phone',
      'Mobile Phone Number': 'phone', 'Job Title': 'title', 'Company Name': 'company', 'Associated Company': 'company',
      Industry: 'industry', 'Number of Employees': 'companySize', 'State/Region': 'region', 'Country/Region': 'country',
      'Lifecycle Stage': 'status', 'Lead Status': 'custom.leadStatus', 'Contact owner': 'ownerId', 'Create Date': 'createdAt',
      'Last Modified Date': 'updatedAt', 'Original Source': 'source.utm_source', 'HubSpot Score': 'score', Message: 'message',
    },
  },
  {
    id: 'hubspot-deal',
    kind: 'deals',
    label: 'HubSpot deals',
    signature: ['Record ID', 'Deal Name', 'Deal Stage', 'Deal owner', 'Pipeline', 'Close Date', 'Create Date', 'Deal probability'],
    mapping: {
      'Record ID': 'id', 'Deal Name': 'title', 'Deal Stage': 'stageId', Amount: 'value', 'Close Date': 'expectedClose',
      'Create Date': 'createdAt', 'Deal owner': 'ownerId', 'Deal probability': 'probability', 'Last Modified Date': 'updatedAt',
      'Last Activity Date': 'lastActivityAt', 'Closed Lost Reason': 'lostReason', Currency: 'currency',
      'Associated Company': 'account',
    },
  },
];

/** The least number of signature headers a file must have for its preset to be detected. */
const DETECT_MIN = 3;

/** A preset by id (undefined for an unknown id). */
export function csvPreset(id: string): CsvPreset | undefined {
  return CSV_PRESETS.find((preset) => preset.id === id);
}

/**
 * The preset whose signature headers the file has most of (at least three; compared by headerKey),
 * among the presets of `kind` when given; undefined when none fits.
 */
export function detectPreset(headers: readonly string[], kind?: ImportKind): CsvPreset | undefined {
  const keys = new Set(headers.map((h) => headerKey(h)));
  let best: CsvPreset | undefined;
  let bestCount = DETECT_MIN - 1;
  for (const preset of CSV_PRESETS) {
    if (kind !== undefined && preset.kind !== kind) continue;
    const count = preset.signature.filter((name) => keys.has(headerKey(name))).length;
    if (count > bestCount) {
      best = preset;
      bestCount = count;
    }
  }
  return best;
}
