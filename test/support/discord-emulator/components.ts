import { ButtonStyle, ComponentType } from 'discord.js';
import { discordErrors, fieldErrorTree, type FieldError } from './errors.js';

/**
 * Message components (action rows, buttons, string selects) the way Discord
 * checks them when a message is created or edited, and the lookups a click
 * needs. Only the legacy layout (action rows at the top level) is checked in
 * depth; Components V2 messages get the custom_id rules only.
 */

export const COMPONENT_LIMITS = {
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  optionText: 100,
  placeholder: 150,
} as const;

type Path = (string | number)[];

interface Json {
  [key: string]: unknown;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: Path, error: FieldError): never {
  throw discordErrors.invalidFormBody(fieldErrorTree(path, error));
}

const tooLong = (max: number): FieldError => ({
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
});
const required = (): FieldError => ({ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });

function checkText(value: unknown, max: number, path: Path, mandatory = false): void {
  if (value === undefined || value === null) {
    if (mandatory) fail(path, required());
    return;
  }
  if (typeof value !== 'string') fail(path, { code: 'STRING_TYPE_CONVERT', message: 'Could not interpret as string.' });
  if ([...value].length > max) fail(path, tooLong(max));
}

/** Throws Discord's 400 (50035) for components Discord would refuse. */
export function checkMessageComponents(components: readonly unknown[] | null | undefined, v2: boolean): void {
  if (!components || components.length === 0) return;
  const seen = new Set<string>();
  const customId = (component: Json, path: Path, mandatory: boolean): void => {
    checkText(component['custom_id'], COMPONENT_LIMITS.customId, [...path, 'custom_id'], mandatory);
    const id = component['custom_id'];
    if (typeof id !== 'string') return;
    if (seen.has(id))
      fail([...path, 'custom_id'], {
        code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
        message: 'Component custom id cannot be duplicated',
      });
    seen.add(id);
  };
  if (v2) {
    const walk = (value: unknown, path: Path): void => {
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else if (isObject(value)) {
        if ('custom_id' in value) customId(value, path, false);
        for (const [key, inner] of Object.entries(value)) if (typeof inner === 'object') walk(inner, [...path, key]);
      }
    };
    walk(components, ['components']);
    return;
  }
  if (components.length > COMPONENT_LIMITS.rows) fail(['components'], tooLong(COMPONENT_LIMITS.rows));
  components.forEach((row, r) => {
    const rowPath: Path = ['components', r];
    if (!isObject(row) || row['type'] !== ComponentType.ActionRow)
      fail([...rowPath, 'type'], { code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' });
    const children = Array.isArray(row['components']) ? (row['components'] as unknown[]) : [];
    if (children.length === 0)
      fail([...rowPath, 'components'], { code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' });
    const selects = children.filter((c) => isObject(c) && c['type'] === ComponentType.StringSelect).length;
    if (selects > 0 && children.length > 1)
      fail([...rowPath, 'components'], {
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'The specified component exceeds the maximum width',
      });
    if (children.length > COMPONENT_LIMITS.buttonsPerRow)
      fail([...rowPath, 'components'], tooLong(COMPONENT_LIMITS.buttonsPerRow));
    children.forEach((child, c) => {
      const path: Path = [...rowPath, 'components', c];
      if (!isObject(child)) return fail(path, required());
      if (child['type'] === ComponentType.Button) checkButton(child, path, customId);
      else if (child['type'] === ComponentType.StringSelect) checkSelect(child, path, customId);
    });
  });
}

function checkButton(button: Json, path: Path, customId: (c: Json, p: Path, mandatory: boolean) => void): void {
  const style = button['style'];
  checkText(button['label'], COMPONENT_LIMITS.buttonLabel, [...path, 'label']);
  if (style === ButtonStyle.Link) {
    checkText(button['url'], 512, [...path, 'url'], true);
    if (button['custom_id'] !== undefined)
      fail([...path, 'custom_id'], {
        code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        message: 'A link button cannot have a custom id',
      });
  } else if (style !== ButtonStyle.Premium) {
    customId(button, path, true);
  }
  if (button['label'] === undefined && button['emoji'] === undefined && style !== ButtonStyle.Premium)
    fail([...path, 'label'], {
      code: 'BUTTON_COMPONENT_LABEL_REQUIRED',
      message: 'A button needs a label or an emoji',
    });
}

function checkSelect(select: Json, path: Path, customId: (c: Json, p: Path, mandatory: boolean) => void): void {
  customId(select, path, true);
  checkText(select['placeholder'], COMPONENT_LIMITS.placeholder, [...path, 'placeholder']);
  const options = Array.isArray(select['options']) ? (select['options'] as unknown[]) : [];
  if (options.length === 0)
    fail([...path, 'options'], { code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' });
  if (options.length > COMPONENT_LIMITS.selectOptions)
    fail([...path, 'options'], tooLong(COMPONENT_LIMITS.selectOptions));
  const values = new Set<string>();
  options.forEach((option, i) => {
    const at: Path = [...path, 'options', i];
    if (!isObject(option)) return fail(at, required());
    checkText(option['label'], COMPONENT_LIMITS.optionText, [...at, 'label'], true);
    checkText(option['value'], COMPONENT_LIMITS.optionText, [...at, 'value'], true);
    checkText(option['description'], COMPONENT_LIMITS.optionText, [...at, 'description']);
    const value = String(option['value']);
    if (values.has(value))
      fail([...at, 'value'], {
        code: 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
        message: 'Select option values must be unique',
      });
    values.add(value);
  });
  const min = typeof select['min_values'] === 'number' ? select['min_values'] : 1;
  const max = typeof select['max_values'] === 'number' ? select['max_values'] : 1;
  if (min < 0 || min > COMPONENT_LIMITS.selectOptions)
    fail([...path, 'min_values'], tooLong(COMPONENT_LIMITS.selectOptions));
  if (max < 1 || max > options.length || max < min)
    fail([...path, 'max_values'], { code: 'BASE_TYPE_BAD_INT', message: 'max_values is out of range' });
}

/** A component with this custom_id anywhere in a message's components (rows, V2 containers), or undefined. */
export function findComponent(components: readonly unknown[] | null | undefined, customId: string): Json | undefined {
  const walk = (value: unknown): Json | undefined => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const found = walk(item);
        if (found) return found;
      }
      return undefined;
    }
    if (!isObject(value)) return undefined;
    if (value['custom_id'] === customId) return value;
    return walk(value['components']) ?? walk(value['accessory']) ?? walk(value['component']);
  };
  return walk(components ?? []);
}

/**
 * Checks a click the way Discord's client allows it: the component is on the
 * message, enabled, of the type clicked, and a select's values are among its
 * options within min/max. Returns the component type to send.
 */
export function checkClick(
  components: readonly unknown[] | null | undefined,
  customId: string,
  componentType: number | undefined,
  values: readonly string[] | undefined,
): number {
  const component = findComponent(components, customId);
  if (!component)
    throw new Error(`Discord shows no component with custom_id ${JSON.stringify(customId)} on that message`);
  if (component['disabled'] === true)
    throw new Error(`The component ${JSON.stringify(customId)} is disabled: Discord does not let anyone click it`);
  const type = component['type'];
  if (typeof type !== 'number') throw new Error(`The component ${JSON.stringify(customId)} has no type`);
  if (componentType !== undefined && componentType !== type)
    throw new Error(`The component ${JSON.stringify(customId)} is of type ${type}, not ${componentType}`);
  if (type === ComponentType.StringSelect) {
    const options = Array.isArray(component['options']) ? (component['options'] as Json[]) : [];
    const allowed = new Set(options.map((o) => String(o['value'])));
    const picked = values ?? [];
    const min = typeof component['min_values'] === 'number' ? component['min_values'] : 1;
    const max = typeof component['max_values'] === 'number' ? component['max_values'] : 1;
    if (picked.length < min || picked.length > max)
      throw new Error(`Select ${JSON.stringify(customId)} takes ${min}-${max} values, not ${picked.length}`);
    for (const value of picked)
      if (!allowed.has(value))
        throw new Error(`Select ${JSON.stringify(customId)} has no option ${JSON.stringify(value)}`);
  } else if (values !== undefined && values.length > 0) {
    throw new Error(`Only select menus send values; ${JSON.stringify(customId)} is of type ${type}`);
  }
  return type;
}
