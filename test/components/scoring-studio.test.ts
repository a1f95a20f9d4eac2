import { ScoringStudio } from '../../src/components/scoring-studio/scoring-studio.js';
import { scoringStudioSuite } from './scoring-studio.suite.js';

/** A vendor's white-labelled studio: same behaviour under its own tag. */
class AcmeScoringStudio extends ScoringStudio {}

scoringStudioSuite(ScoringStudio, 'scoring-studio');
scoringStudioSuite(AcmeScoringStudio, 'acme-scoring-studio');
