/**
 * Pipeline names in the page's language. A pipeline made from a template keeps the template id, so
 * its untouched name can be shown in Chinese; a name the owner changed is shown as written.
 */
import { pipelineFromTemplate, type Pipeline, type PipelineTemplateId } from '../src/core/index.js';

/** The name of `pipeline` in `lang`. */
export function pipelineName(pipeline: Pipeline, lang: string): string {
  const template = pipeline.template as PipelineTemplateId | undefined;
  if (!template) return pipeline.name;
  try {
    if (pipeline.name !== pipelineFromTemplate(template, { locale: 'en' }).name) return pipeline.name;
    return pipelineFromTemplate(template, { locale: lang }).name;
  } catch {
    return pipeline.name;
  }
}
