import type { AttributeValue } from '../../shared/api/types';
import { useAttributeText } from '../../shared/catalogue';

/** The answers given with a case, each under its question, in the person's language. */
export function Answers({
  serviceCode,
  attributes,
}: {
  serviceCode: string;
  attributes: Record<string, AttributeValue>;
}) {
  const say = useAttributeText(serviceCode);
  return (
    <>
      {Object.entries(attributes).map(([code, value]) => {
        const [question, answer] = say(code, value);
        return (
          <div key={code} className="fact">
            <dt>{question}</dt>
            <dd>{answer}</dd>
          </div>
        );
      })}
    </>
  );
}
