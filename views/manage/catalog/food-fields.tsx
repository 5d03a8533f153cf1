import { ALLERGEN_LABELS, ALLERGENS } from "../../../src/catalog/food-info/allergens";
import { DIET_LABEL_NAMES, DIET_LABELS } from "../../../src/catalog/food-info/diet";
import { NET_UNITS } from "../../../src/values/unit-price";
import type { FormErrors, FormValues } from "../../../src/http/forms";
import { CheckboxField, CheckboxGroup, Field, SelectField, TextAreaField } from "../../components/form";

function ErrorFor({ errors, name }: { errors: FormErrors; name: string }) {
  return errors[name] ? <p class="field-error" id={`field-${name}-error`}>{errors[name]}</p> : null;
}

/** The 14 allergens, "contains" and "may contain" side by side: one checkbox each. */
function AllergenGrid({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <fieldset class="form-section" id="allergens">
      <legend>Allergens</legend>
      <CheckboxField name="allergens_declared" label="Allergen information provided (checked against the pack)" values={values} errors={errors} />
      <table class="allergen-grid">
        <thead>
          <tr>
            <th scope="col">Allergen</th>
            <th scope="col">Contains</th>
            <th scope="col">May contain</th>
          </tr>
        </thead>
        <tbody>
          {ALLERGENS.map((allergen) => (
            <tr>
              <th scope="row">{ALLERGEN_LABELS[allergen]}</th>
              <td>
                <input type="checkbox" name={`contains_${allergen}`} aria-label={`Contains ${ALLERGEN_LABELS[allergen]}`} checked={values[`contains_${allergen}`] !== undefined} />
              </td>
              <td>
                <input type="checkbox" name={`may_contain_${allergen}`} aria-label={`May contain ${ALLERGEN_LABELS[allergen]}`} checked={values[`may_contain_${allergen}`] !== undefined} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorFor errors={errors} name="contains" />
      <ErrorFor errors={errors} name="may_contain" />
    </fieldset>
  );
}

/** The food information part of the manager's product form. */
export function FoodFields({ values, errors }: { values: FormValues; errors: FormErrors }) {
  const optional = { values, errors, required: false };
  return (
    <>
      <fieldset class="form-section">
        <legend>Pack and codes</legend>
        <CheckboxField name="is_food" label="This is food (untick for household goods)" values={values} errors={errors} />
        <Field label="SKU" name="sku" {...optional} hint="Your own code; the catalog import matches on it." />
        <Field label="GTIN (barcode number)" name="gtin" {...optional} />
        <Field label="Net quantity" name="net_quantity" {...optional} hint="What one pack holds, for products sold by the item (500 for 500 g)." />
        <SelectField name="net_unit" label="Net quantity unit" blank="—" options={NET_UNITS.map((unit) => ({ value: unit, label: unit }))} required={false} values={values} errors={errors} />
      </fieldset>
      <fieldset class="form-section">
        <legend>Ingredients, storage and origin</legend>
        <TextAreaField name="ingredients" label="Ingredients" values={values} errors={errors} hint="As on the pack. Allergens named here are shown in bold and must be ticked under Contains." />
        <TextAreaField name="storage" label="Storage and use" values={values} errors={errors} />
        <Field label="Country of origin" name="origin" {...optional} />
        <CheckboxGroup label="Dietary labels" name="diet" values={values} errors={errors} options={DIET_LABELS.map((label) => ({ name: `diet_${label}`, label: DIET_LABEL_NAMES[label] }))} />
      </fieldset>
      <AllergenGrid values={values} errors={errors} />
      <fieldset class="form-section">
        <legend>Nutrition</legend>
        <SelectField name="nutrition_basis" label="Declared per" blank="Not provided" options={[{ value: "100g", label: "100 g" }, { value: "100ml", label: "100 ml" }]} required={false} values={values} errors={errors} />
        <div class="nutrition-fields">
          <Field label="Energy (kJ)" name="energy_kj" {...optional} />
          <Field label="Energy (kcal)" name="energy_kcal" {...optional} />
          <Field label="Fat (g)" name="fat" {...optional} />
          <Field label="of which saturates (g)" name="saturates" {...optional} />
          <Field label="Carbohydrate (g)" name="carbohydrate" {...optional} />
          <Field label="of which sugars (g)" name="sugars" {...optional} />
          <Field label="Fibre (g, optional)" name="fibre" {...optional} />
          <Field label="Protein (g)" name="protein" {...optional} />
          <Field label="Salt (g)" name="salt" {...optional} />
        </div>
      </fieldset>
    </>
  );
}
