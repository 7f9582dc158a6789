/**
 * The built ("imported by the platform") form of each definition, converted from the source form
 * with mp's field names (secops-format.md §3.2–§3.4).
 */
import {
  ACTION_PARAMETER_TYPES,
  INTEGRATION_PARAMETER_TYPES,
  typeCode,
} from './parameter-types.ts';
import type { ActionSource, IntegrationSource, ParameterSource } from './source-files.ts';

export interface BuiltIntegrationParameter {
  PropertyName: string;
  PropertyDisplayName: string;
  Value: string | boolean;
  PropertyDescription: string;
  IsMandatory: boolean;
  PropertyType: number;
  IntegrationIdentifier: string;
}

export interface BuiltIntegration {
  Identifier: string;
  DisplayName: string;
  MarketingDisplayName: string;
  Description: string;
  Version: number;
  Categories: string[];
  IntegrationProperties: BuiltIntegrationParameter[];
  SVGImage: string;
  IsCustom: boolean;
  IsPowerUp: boolean;
  ShouldInstalledInSystem: boolean;
  IsAvailableForCommunity: boolean;
  MinimumSystemVersion: number;
}

export interface BuiltActionParameter {
  Name: string;
  Type: number;
  Description: string;
  IsMandatory: boolean;
  DefaultValue: string | boolean;
  Value: string | boolean;
  OptionalValues: string[] | null;
}

export interface BuiltDynamicResult {
  ResultName: string;
  ShowResult: boolean;
  /** The example is stored as JSON text, not as a nested object. */
  ResultExample: string;
}

export interface BuiltAction {
  Name: string;
  Description: string;
  IntegrationIdentifier: string;
  Parameters: BuiltActionParameter[];
  DynamicResultsMetadata: BuiltDynamicResult[];
  ScriptResultName: string;
  IsAsync: boolean;
  IsCustom: boolean;
  IsEnabled: boolean;
  Creator: string;
  SimulationDataJson: string;
  Version: number;
}

// The lowest platform version mp lets an integration declare.
const MINIMUM_SYSTEM_VERSION = 5.3;
const ACTION_VERSION = 1.0;

export function buildIntegration(source: IntegrationSource, svgLogo: string): BuiltIntegration {
  return {
    Identifier: source.identifier,
    DisplayName: source.name,
    MarketingDisplayName: source.name,
    Description: source.description,
    Version: source.version,
    Categories: [...source.categories],
    IntegrationProperties: source.parameters.map(buildIntegrationParameter),
    SVGImage: svgLogo,
    IsCustom: false,
    IsPowerUp: false,
    ShouldInstalledInSystem: false,
    IsAvailableForCommunity: true,
    MinimumSystemVersion: MINIMUM_SYSTEM_VERSION,
  };
}

export function buildAction(source: ActionSource): BuiltAction {
  return {
    Name: source.name,
    Description: source.description,
    IntegrationIdentifier: source.integration_identifier,
    Parameters: source.parameters.map(buildActionParameter),
    DynamicResultsMetadata: source.dynamic_results_metadata.map((result) => ({
      ResultName: result.result_name,
      ShowResult: result.show_result,
      ResultExample: JSON.stringify(result.result_example ?? {}),
    })),
    ScriptResultName: source.script_result_name,
    IsAsync: source.is_async,
    IsCustom: false,
    IsEnabled: true,
    Creator: 'admin',
    SimulationDataJson: '{"Entities": []}',
    Version: ACTION_VERSION,
  };
}

function buildIntegrationParameter(
  source: ParameterSource & { integration_identifier: string },
): BuiltIntegrationParameter {
  return {
    PropertyName: source.name,
    PropertyDisplayName: source.name,
    Value: source.default_value,
    PropertyDescription: source.description,
    IsMandatory: source.is_mandatory,
    PropertyType: typeCode(INTEGRATION_PARAMETER_TYPES, source.type),
    IntegrationIdentifier: source.integration_identifier,
  };
}

function buildActionParameter(source: ParameterSource): BuiltActionParameter {
  return {
    Name: source.name,
    Type: typeCode(ACTION_PARAMETER_TYPES, source.type),
    Description: source.description,
    IsMandatory: source.is_mandatory,
    DefaultValue: source.default_value,
    // mp writes the default into both fields; the platform pre-fills the step with `Value`.
    Value: source.default_value,
    OptionalValues: source.optional_values === undefined ? null : [...source.optional_values],
  };
}
