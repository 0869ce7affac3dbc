import {
  Box,
  Field,
  Flex,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { apiFailure } from '../../api/client';
import { useMediaFolders } from '../../api/media';
import { useT } from '../../utils/useT';

interface MediaFiltersProps {
  search: string;
  onSearch(value: string): void;
  folder: string;
  onFolder(value: string): void;
}

/** Name search (the page debounces it) and the media-library folder filter. */
export const MediaFilters = ({ search, onSearch, folder, onFolder }: MediaFiltersProps) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { data: folders = [] } = useMediaFolders((error) =>
    toggleNotification({
      type: 'danger',
      message: t('media.folders.error', { message: apiFailure(error).message }),
    }),
  );

  return (
    <Flex gap={4} alignItems="flex-end" wrap="wrap">
      <Box minWidth="28rem">
        <Searchbar
          name="smi-media-search"
          value={search}
          onChange={(event) => onSearch(event.target.value)}
          onClear={() => onSearch('')}
          clearLabel={t('media.search.clear')}
          placeholder={t('media.search.placeholder')}
        >
          {t('media.search.label')}
        </Searchbar>
      </Box>
      <Box minWidth="24rem">
        <Field.Root name="smi-media-folder">
          <Field.Label>{t('media.folder.label')}</Field.Label>
          <SingleSelect value={folder} onChange={(value) => onFolder(String(value))}>
            <SingleSelectOption value="">{t('media.folder.all')}</SingleSelectOption>
            <SingleSelectOption value="root">{t('media.folder.root')}</SingleSelectOption>
            {folders.map((f) => (
              <SingleSelectOption key={f.id} value={String(f.id)}>
                {f.label || f.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Box>
    </Flex>
  );
};
